/**
 * /whisk.system/utils/head: the first `num` (default 1) entries of `lines`, and the `num` used.
 */
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines : [];
  const num = params.num || 1;
  const head = lines.slice(0, num);
  console.log('head: first ' + num + ' of ' + lines.length + ' lines');
  return { lines: head, num };
}
