/**
 * /whisk.system/samples/wordCount: the number of words in `payload`, counted as OpenWhisk's sample does (the
 * pieces between single spaces), in `count`.
 */
function main(params) {
  if (params.payload === undefined || params.payload === null) {
    return { error: "Expected a parameter 'payload' with the text to count." };
  }
  const text = String(params.payload);
  const count = text.split(' ').length;
  console.log("The message '" + text + "' has " + count + ' words');
  return { count };
}
