// Released commits a user may upgrade from, oldest first: the baseline of the append-only
// migrations (94cc1eb), then each release. `upgrade:check` starts from every one of them and
// `deploy:check` pushes the newest one's migrations before this checkout's. When you cut a
// release, add its commit here and run `npm run db:check -- --seal`.
export const RELEASES = ["94cc1eb"];
