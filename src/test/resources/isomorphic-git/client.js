// LiteChat's Git client, isomorphic-git, run by ServeTest with Node: clone with depth, then
// change a file, commit and push, giving credentials only when the server asks (onAuth after a 401).
// Usage: node client.js MODULES_DIR URL DIR USER PASSWORD [CORS_PROXY]
// With CORS_PROXY, requests go as LiteChat sends them: <proxy>/<url without its scheme>.
const path = require('path');
const fs = require('fs');
const [modules, url, dir, user, password, corsProxy] = process.argv.slice(2);
const git = require(path.join(modules, 'isomorphic-git'));
const http = require(path.join(modules, 'isomorphic-git/http/node'));

(async () => {
  let asked = 0;
  try {
    await git.clone({ fs, http, dir: dir + '-anonymous', url, corsProxy, singleBranch: true, depth: 10 });
    console.log('anonymous clone: accepted');
  } catch (e) {
    console.log('anonymous clone: refused ' + (e.data && e.data.statusCode));
  }
  const onAuth = () => { asked++; return { username: user, password }; };
  await git.clone({ fs, http, dir, url, corsProxy, singleBranch: true, depth: 1, onAuth });
  console.log('clone: ok, credentials asked ' + asked + ' time(s)');
  const file = path.join(dir, 'v2/rules/r1.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name: Served', 'name: Served, pushed by isomorphic-git'));
  await git.add({ fs, dir, filepath: 'v2/rules/r1.yaml' });
  await git.commit({ fs, dir, message: 'from the browser client', author: { name: 'LiteChat', email: 'litechat@example.org' } });
  const result = await git.push({ fs, http, dir, url, corsProxy, onAuth });
  console.log('push: ' + (result.ok ? 'ok' : 'refused ' + JSON.stringify(result.refs)));
})().catch(e => { console.log('error: ' + e.message); process.exit(1); });
