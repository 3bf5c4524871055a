// Module resolution hook registered by npm-specifiers.mjs.
const NPM = /^npm:((?:@[^/@]+\/)?[^/@]+)@[^/]+(\/.*)?$/;

export async function resolve(specifier, context, next) {
  const match = NPM.exec(specifier);
  return next(match ? match[1] + (match[2] ?? "") : specifier, context);
}
