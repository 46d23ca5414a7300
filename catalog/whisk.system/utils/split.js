/**
 * /whisk.system/utils/split: `payload` (as text) split by `separator` into `lines`; without a separator, at every
 * line break (\n or \r\n). The separator is literal text (JSON parameters cannot carry a regular expression).
 * `payload` is answered unchanged.
 */
function main(params) {
  if (params.payload === undefined || params.payload === null) {
    return { error: "Expected a parameter 'payload' to split." };
  }
  const separator = params.separator || /\r?\n/;
  const lines = String(params.payload).split(separator);
  console.log('split: ' + lines.length + ' lines');
  return { lines, payload: params.payload };
}
