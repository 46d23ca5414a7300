/**
 * /whisk.system/samples/helloWorld: writes `hello <payload>!` to the activation's log and answers {}.
 */
function main(params) {
  console.log('hello ' + params.payload + '!');
  return {};
}
