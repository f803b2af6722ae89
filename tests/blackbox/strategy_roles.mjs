// strategy_roles.mjs — the request builders of roles.test.mjs for the strategy
// routes (vision, personas, objectives, key results), kept here so that the
// shared file only spreads them in. Each builder gets (caller, allowed) and
// returns a request that is valid apart from who sends it.

/**
 * Returns the builders. h.admin(method, path, body, ifMatch) must succeed as
 * the admin; h.versionOf(path) reads a record's version; h.uniq() counts.
 */
export function strategyBuilders(h) {
  let made = null;
  // One persona, objective and key result, and a first vision revision, made on first use.
  const base = async () => {
    if (made) return made;
    const cur = await h.admin('GET', '/api/v1/products/PAY/vision');
    if (cur.revision === 0) await h.admin('PUT', '/api/v1/products/PAY/vision', { why: 'To move money', base_revision: 0 });
    const persona = await h.admin('POST', '/api/v1/products/PAY/personas', { name: 'Role persona' });
    const objective = await h.admin('POST', '/api/v1/objectives', { product: 'PAY', period: '2026-Q4', title: 'Role objective' });
    const kr = await h.admin('POST', `/api/v1/objectives/${objective.id}/key-results`, { title: 'Role KR', baseline: 0, target: 10 });
    const initiative = await h.admin('POST', '/api/v1/products/PAY/initiatives', { name: 'Role initiative' });
    const competitor = await h.admin('POST', '/api/v1/products/PAY/competitors', { name: 'Role competitor' });
    const capability = await h.admin('POST', '/api/v1/products/PAY/capabilities', { name: 'Role capability', ours: 2 });
    made = { persona: persona.id, personaName: persona.name, objective: objective.id, kr: kr.id, initiative: initiative.id,
             competitor: competitor.id, capability: capability.id };
    return made;
  };
  const revision = async () => (await h.admin('GET', '/api/v1/products/PAY/vision')).revision;
  const freshCompetitor = async (allowed) =>
    allowed ? (await h.admin('POST', '/api/v1/products/PAY/competitors', { name: `Short-lived rival ${h.uniq()}` })) : { id: (await base()).competitor, version: 1 };
  const freshPersona = async (allowed) =>
    allowed ? (await h.admin('POST', '/api/v1/products/PAY/personas', { name: `Short-lived ${h.uniq()}` })) : { id: (await base()).persona, version: 1 };
  return {
    'GET /api/v1/products/{key}/vision': () => ({ path: '/api/v1/products/PAY/vision', ok: [200] }),
    'PUT /api/v1/products/{key}/vision': async (role) => ({
      path: '/api/v1/products/PAY/vision',
      body: { how: `edited by ${role}`, reason: `roles ${h.uniq()}`, base_revision: await revision() },
      ok: [200],
    }),
    'GET /api/v1/products/{key}/vision/revisions': () => ({ path: '/api/v1/products/PAY/vision/revisions', ok: [200] }),
    'GET /api/v1/products/{key}/vision/compare': async () => {
      await base();
      return { path: '/api/v1/products/PAY/vision/compare?from=1&to=1', ok: [200] };
    },
    'GET /api/v1/products/{key}/personas': () => ({ path: '/api/v1/products/PAY/personas', ok: [200] }),
    'POST /api/v1/products/{key}/personas': (role) => ({
      path: '/api/v1/products/PAY/personas',
      body: { name: `Persona of ${role} ${h.uniq()}` },
      ok: [201],
    }),
    'GET /api/v1/personas/{id}': async () => ({ path: `/api/v1/personas/${(await base()).persona}`, ok: [200] }),
    'PATCH /api/v1/personas/{id}': async (role) => {
      const id = (await base()).persona;
      return { path: `/api/v1/personas/${id}`, ifMatch: await h.versionOf(`/api/v1/personas/${id}`), body: { says: `by ${role}` }, ok: [200] };
    },
    'DELETE /api/v1/personas/{id}': async (role, allowed) => {
      const p = await freshPersona(allowed);
      return { path: `/api/v1/personas/${p.id}`, ifMatch: p.version, ok: [200] };
    },
    'GET /api/v1/features/{key}/personas': () => ({ path: '/api/v1/features/PAY-1/personas', ok: [200] }),
    'PUT /api/v1/features/{key}/personas': async () => ({
      path: '/api/v1/features/PAY-1/personas',
      body: { personas: [(await base()).persona] },
      ok: [200],
    }),
    'GET /api/v1/objectives': () => ({ path: '/api/v1/objectives?product=PAY&period=2026-Q4', ok: [200] }),
    'POST /api/v1/objectives': (role) => ({
      path: '/api/v1/objectives',
      body: { product: 'PAY', period: '2026-Q4', title: `Objective of ${role}` },
      ok: [201],
    }),
    'GET /api/v1/objectives/{id}': async () => ({ path: `/api/v1/objectives/${(await base()).objective}`, ok: [200] }),
    'PATCH /api/v1/objectives/{id}': async (role) => {
      const id = (await base()).objective;
      return { path: `/api/v1/objectives/${id}`, ifMatch: await h.versionOf(`/api/v1/objectives/${id}`), body: { description: `by ${role}` }, ok: [200] };
    },
    'GET /api/v1/objectives/{id}/key-results': async () => ({ path: `/api/v1/objectives/${(await base()).objective}/key-results`, ok: [200] }),
    'POST /api/v1/objectives/{id}/key-results': async (role) => ({
      path: `/api/v1/objectives/${(await base()).objective}/key-results`,
      body: { title: `KR of ${role}`, baseline: 1, target: 2 },
      ok: [201],
    }),
    'GET /api/v1/key-results/{id}': async () => ({ path: `/api/v1/key-results/${(await base()).kr}`, ok: [200] }),
    'PATCH /api/v1/key-results/{id}': async (role) => {
      const id = (await base()).kr;
      return { path: `/api/v1/key-results/${id}`, ifMatch: await h.versionOf(`/api/v1/key-results/${id}`), body: { metric: `by ${role}` }, ok: [200] };
    },
    'POST /api/v1/key-results/{id}/checkins': async () => ({
      path: `/api/v1/key-results/${(await base()).kr}/checkins`,
      body: { value: 4, comment: 'roles' },
      ok: [201],
    }),
    'GET /api/v1/products/{key}/initiatives': () => ({ path: '/api/v1/products/PAY/initiatives', ok: [200] }),
    'POST /api/v1/products/{key}/initiatives': (role) => ({
      path: '/api/v1/products/PAY/initiatives',
      body: { name: `Initiative of ${role} ${h.uniq()}` },
      ok: [201],
    }),
    'GET /api/v1/initiatives/{id}': async () => ({ path: `/api/v1/initiatives/${(await base()).initiative}`, ok: [200] }),
    'PATCH /api/v1/initiatives/{id}': async (role) => {
      const id = (await base()).initiative;
      return { path: `/api/v1/initiatives/${id}`, ifMatch: await h.versionOf(`/api/v1/initiatives/${id}`), body: { description: `by ${role}` }, ok: [200] };
    },
    'POST /api/v1/initiatives/{id}/objectives': async () => {
      const b = await base();
      return { path: `/api/v1/initiatives/${b.initiative}/objectives`, body: { objective: b.objective }, ok: [200] };
    },
    'GET /api/v1/features/{key}/initiative': () => ({ path: '/api/v1/features/PAY-1/initiative', ok: [200] }),
    'PUT /api/v1/features/{key}/initiative': async () => ({
      path: '/api/v1/features/PAY-1/initiative',
      body: { initiative: `${(await base()).initiative}` },
      ok: [200],
    }),
    'GET /api/v1/products/{key}/competitors': () => ({ path: '/api/v1/products/PAY/competitors', ok: [200] }),
    'POST /api/v1/products/{key}/competitors': (role) => ({
      path: '/api/v1/products/PAY/competitors',
      body: { name: `Rival of ${role} ${h.uniq()}` },
      ok: [201],
    }),
    'GET /api/v1/competitors/{id}': async () => ({ path: `/api/v1/competitors/${(await base()).competitor}`, ok: [200] }),
    'PATCH /api/v1/competitors/{id}': async (role) => {
      const id = (await base()).competitor;
      return { path: `/api/v1/competitors/${id}`, ifMatch: await h.versionOf(`/api/v1/competitors/${id}`), body: { strengths: `by ${role}` }, ok: [200] };
    },
    'DELETE /api/v1/competitors/{id}': async (role, allowed) => {
      const c = await freshCompetitor(allowed);
      return { path: `/api/v1/competitors/${c.id}`, ifMatch: c.version, ok: [200] };
    },
    'GET /api/v1/products/{key}/capabilities': () => ({ path: '/api/v1/products/PAY/capabilities', ok: [200] }),
    'POST /api/v1/products/{key}/capabilities': (role) => ({
      path: '/api/v1/products/PAY/capabilities',
      body: { name: `Capability of ${role} ${h.uniq()}`, ours: 1 },
      ok: [201],
    }),
    'PATCH /api/v1/capabilities/{id}': async () => {
      const b = await base();
      const list = await h.admin('GET', '/api/v1/products/PAY/capabilities');
      const cap = list.items.find((x) => x.id === b.capability);
      return { path: `/api/v1/capabilities/${b.capability}`, ifMatch: cap.version, body: { ours: 3 }, ok: [200] };
    },
    'PUT /api/v1/capabilities/{id}/competitors/{competitor}': async () => {
      const b = await base();
      return { path: `/api/v1/capabilities/${b.capability}/competitors/${b.competitor}`, body: { level: 2 }, ok: [200] };
    },
    // pages
    'GET /strategy': () => ({ path: '/strategy', ok: [200] }),
    'GET /products/{key}/strategy': () => ({ path: '/products/PAY/strategy', ok: [200] }),
    'GET /products/{key}/vision': () => ({ path: '/products/PAY/vision', ok: [200] }),
    'POST /products/{key}/vision': async (role) => ({
      path: '/products/PAY/vision',
      form: { base_revision: `${await revision()}`, what: `form by ${role}`, reason: `form ${h.uniq()}` },
      ok: [303],
    }),
    'GET /products/{key}/personas': () => ({ path: '/products/PAY/personas', ok: [200] }),
    'POST /products/{key}/personas': (role) => ({ path: '/products/PAY/personas', form: { name: `Form persona ${role} ${h.uniq()}` }, ok: [303] }),
    'GET /personas/{id}': async () => ({ path: `/personas/${(await base()).persona}`, ok: [200] }),
    'POST /personas/{id}': async (role) => {
      const b = await base();
      return { path: `/personas/${b.persona}`, form: { version: `${await h.versionOf(`/api/v1/personas/${b.persona}`)}`, name: b.personaName, feels: `form ${role}` }, ok: [303] };
    },
    'POST /personas/{id}/remove': async (role, allowed) => {
      const p = await freshPersona(allowed);
      return { path: `/personas/${p.id}/remove`, form: { version: `${p.version}` }, ok: [303] };
    },
    'POST /features/{key}/personas': async () => ({ path: '/features/PAY-1/personas', form: { persona: `${(await base()).persona}` }, ok: [303] }),
    'GET /products/{key}/objectives': () => ({ path: '/products/PAY/objectives?period=2026-Q4', ok: [200] }),
    'POST /products/{key}/objectives': (role) => ({ path: '/products/PAY/objectives', form: { period: '2026-Q4', title: `Form objective ${role}` }, ok: [303] }),
    'GET /objectives/{id}': async () => ({ path: `/objectives/${(await base()).objective}`, ok: [200] }),
    'POST /objectives/{id}': async (role) => {
      const id = (await base()).objective;
      return { path: `/objectives/${id}`, form: { version: `${await h.versionOf(`/api/v1/objectives/${id}`)}`, period: '2026-Q4', title: 'Role objective', status: 'active', description: `form ${role}` }, ok: [303] };
    },
    'POST /objectives/{id}/key-results': async (role) => ({
      path: `/objectives/${(await base()).objective}/key-results`,
      form: { title: `Form KR ${role}`, baseline: '0', target: '5' },
      ok: [303],
    }),
    'POST /key-results/{id}/checkins': async () => {
      const id = (await base()).kr;
      return { path: `/key-results/${id}/checkins`, form: { version: `${await h.versionOf(`/api/v1/key-results/${id}`)}`, value: '3' }, ok: [303] };
    },
    'GET /products/{key}/initiatives': () => ({ path: '/products/PAY/initiatives', ok: [200] }),
    'POST /products/{key}/initiatives': (role) => ({ path: '/products/PAY/initiatives', form: { name: `Form initiative ${role} ${h.uniq()}` }, ok: [303] }),
    'GET /initiatives/{id}': async () => ({ path: `/initiatives/${(await base()).initiative}`, ok: [200] }),
    'POST /initiatives/{id}': async (role) => {
      const id = (await base()).initiative;
      return { path: `/initiatives/${id}`, form: { version: `${await h.versionOf(`/api/v1/initiatives/${id}`)}`, name: 'Role initiative', description: `form ${role}` }, ok: [303] };
    },
    'POST /objectives/{id}/initiatives': async () => {
      const b = await base();
      return { path: `/objectives/${b.objective}/initiatives`, form: { initiative: `${b.initiative}` }, ok: [303] };
    },
    'POST /features/{key}/initiative': async () => ({ path: '/features/PAY-1/initiative', form: { initiative: `${(await base()).initiative}` }, ok: [303] }),
    'GET /products/{key}/competitors': () => ({ path: '/products/PAY/competitors', ok: [200] }),
    'POST /products/{key}/competitors': (role) => ({ path: '/products/PAY/competitors', form: { name: `Form rival ${role} ${h.uniq()}` }, ok: [303] }),
    'POST /products/{key}/capabilities': (role) => ({ path: '/products/PAY/capabilities', form: { name: `Form capability ${role} ${h.uniq()}`, ours: '1' }, ok: [303] }),
    'POST /products/{key}/capabilities/levels': async () => {
      const b = await base();
      return { path: '/products/PAY/capabilities/levels', form: { capability: `${b.capability}`, competitor: `${b.competitor}`, level: '1' }, ok: [303] };
    },
    'GET /competitors/{id}': async () => ({ path: `/competitors/${(await base()).competitor}`, ok: [200] }),
    'POST /competitors/{id}': async (role) => {
      const id = (await base()).competitor;
      return { path: `/competitors/${id}`, form: { version: `${await h.versionOf(`/api/v1/competitors/${id}`)}`, name: 'Role competitor', weaknesses: `form ${role}` }, ok: [303] };
    },
    'POST /competitors/{id}/remove': async (role, allowed) => {
      const c = await freshCompetitor(allowed);
      return { path: `/competitors/${c.id}/remove`, form: { version: `${c.version}` }, ok: [303] };
    },
  };
}
