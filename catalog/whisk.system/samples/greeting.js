/**
 * /whisk.system/samples/greeting: a friendly greeting for `name` (or `payload`, else "stranger") from `place`
 * (else "somewhere"), in `payload`.
 */
function main(params) {
  console.log('params:', params);
  const name = params.name || params.payload || 'stranger';
  const place = params.place || 'somewhere';
  return { payload: 'Hello, ' + name + ' from ' + place + '!' };
}
