/**
 * /whisk.system/utils/cat: joins `lines` (strings or numbers) with newlines into `payload`, like unix cat.
 * Other parameters are dropped; `lines` is kept. No `lines` means an empty payload.
 */
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines : [];
  const result = { lines, payload: lines.join('\n') };
  console.log('cat: ' + JSON.stringify(result));
  return result;
}
