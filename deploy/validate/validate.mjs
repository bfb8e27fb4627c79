// Checks rendered Kubernetes manifests offline (run by deploy/validate/run, from target/deploy-validate):
//   1. every object against the Kubernetes API schema of its kind (kubernetes-models), and every
//      field name against the API's types (TypeScript's excess-property check: a misspelt
//      `readinesProbe` fails, where a schema alone lets unknown fields through);
//   2. the rules README *Deploying* promises: replicas, probes, resources that match the heap,
//      non-root with a read-only root and its emptyDir folders, secrets only from Secrets, the
//      decision store on PostgreSQL, hot reload exactly when policies come from ConfigMaps, only
//      /v1/intercept at the edge, a PodDisruptionBudget and an autoscaler on the Deployment.
//
//   node validate.mjs OUT-DIR FILE.yaml… [--secrets FILE.yaml…]
//                                   prints one line per problem; exit 1 when there is one
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { Secret } from 'kubernetes-models/v1/Secret';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';

const MODELS = {
  'apps/v1 Deployment': [Deployment, 'kubernetes-models/apps/v1/Deployment', 'IDeployment'],
  'v1 Service': [Service, 'kubernetes-models/v1/Service', 'IService'],
  'v1 Secret': [Secret, 'kubernetes-models/v1/Secret', 'ISecret'],
  'v1 ConfigMap': [ConfigMap, 'kubernetes-models/v1/ConfigMap', 'IConfigMap'],
  'policy/v1 PodDisruptionBudget': [PodDisruptionBudget, 'kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'],
  'autoscaling/v2 HorizontalPodAutoscaler': [HorizontalPodAutoscaler, 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'IHorizontalPodAutoscaler'],
  'networking.k8s.io/v1 Ingress': [Ingress, 'kubernetes-models/networking.k8s.io/v1/Ingress', 'IIngress'],
  'networking.k8s.io/v1 NetworkPolicy': [NetworkPolicy, 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy'],
};

// From bench/image (README, Deploying): the slowest measured start to the port answering, and
// what the JVM held above its heap under full load (~360 MB), with room to spare.
const SLOWEST_START_S = 55;
const ABOVE_HEAP_MIB = 512;
// The service's own grace for calls in flight after SIGTERM (application.yml).
const SHUTDOWN_GRACE_S = 10;

// FILE.yaml… each a whole rendering (a Deployment and what goes with it); after --secrets, files
// of Secrets alone (schemas and field names only).
const [outDir, ...args] = process.argv.slice(2);
const split = args.indexOf('--secrets');
const files = split < 0 ? args : args.slice(0, split);
const secretFiles = split < 0 ? [] : args.slice(split + 1);
const problems = [];
const typed = [];

for (const file of [...files, ...secretFiles]) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) { problems.push(`${file}: YAML: ${doc.errors[0].message}`); continue; }
    const object = doc.toJS();
    if (object == null) continue;
    const where = `${file}: ${object.kind} ${object.metadata?.name}`;
    const model = MODELS[`${object.apiVersion} ${object.kind}`];
    if (!model) { problems.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`); continue; }
    try { new model[0](object).validate(); } catch (e) { problems.push(`${where}: schema: ${e.message}`); }
    typed.push({ where, model, object });
    objects.push(object);
  }
  if (secretFiles.includes(file)) {
    if (objects.length !== 1 || objects[0].kind !== 'Secret') problems.push(`${file}: expected one Secret`);
  } else {
    rules(file, objects);
  }
}

// Field names: one typed constant per object, checked by tsc.
const imports = [...new Set(typed.map(t => `import type { ${t.model[2]} } from '${t.model[1]}';`))];
const constants = typed.map((t, i) => `// ${t.where}\nexport const object${i}: ${t.model[2]} = ${JSON.stringify(t.object)};`);
writeFileSync(`${outDir}/manifests.ts`, [...imports, ...constants].join('\n') + '\n');
try {
  execFileSync('node_modules/.bin/tsc', ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--skipLibCheck', `${outDir}/manifests.ts`], { encoding: 'utf8', stdio: 'pipe' });
} catch (e) {
  const lines = readFileSync(`${outDir}/manifests.ts`, 'utf8').split('\n');
  for (const line of `${e.stdout}`.split('\n').filter(Boolean)) {
    const at = /\((\d+),\d+\)/.exec(line);
    const object = at ? lines[Number(at[1]) - 2] : '';
    problems.push(`field names: ${object.replace('// ', '')}: ${line.replace(/^.*error /, '')}`);
  }
}

function rules(file, objects) {
  const problem = (what) => problems.push(`${file}: ${what}`);
  const of = (kind) => objects.filter(o => o.kind === kind);
  const deployments = of('Deployment');
  if (deployments.length !== 1) { problem(`expected one Deployment, found ${deployments.length}`); return; }
  const deployment = deployments[0];
  const pod = deployment.spec.template.spec;
  const labels = deployment.spec.template.metadata.labels;
  const selects = (selector) => selector && Object.entries(selector).every(([k, v]) => labels[k] === v);
  const [container] = pod.containers;
  const env = Object.fromEntries((container.env ?? []).map(e => [e.name, e]));
  const mounts = Object.fromEntries((container.volumeMounts ?? []).map(m => [m.mountPath, m.name]));
  const volumes = Object.fromEntries((pod.volumes ?? []).map(v => [v.name, v]));

  if (!(deployment.spec.replicas >= 2)) problem('the Deployment needs at least 2 replicas');
  if (deployment.spec.strategy?.rollingUpdate?.maxUnavailable !== 0) problem('a rollout must not take a pod away before its replacement is ready (maxUnavailable: 0)');
  if (!selects(deployment.spec.selector.matchLabels)) problem("the Deployment's selector does not select its pods");

  // not root, read-only root, and the folders that must be writable (and exec-able) are emptyDirs
  if (pod.securityContext?.runAsNonRoot !== true || !(pod.securityContext?.runAsUser > 0)) problem('the pod must run as a non-root uid (runAsNonRoot, runAsUser)');
  const sc = container.securityContext ?? {};
  if (sc.readOnlyRootFilesystem !== true) problem('readOnlyRootFilesystem must be true');
  if (sc.allowPrivilegeEscalation !== false) problem('allowPrivilegeEscalation must be false');
  if (!(sc.capabilities?.drop ?? []).includes('ALL')) problem('capabilities must drop ALL');
  for (const path of ['/tmp', '/var/lib/interlock']) {
    if (!volumes[mounts[path]]?.emptyDir) problem(`${path} must be a writable emptyDir (sqlite-jdbc and Truffle load native libraries from there)`);
  }

  // probes on the health endpoints, with a start budget well above the slowest measured start
  const probe = (name, path) => {
    const p = container[name];
    if (p?.httpGet?.path !== path) { problem(`${name} must GET ${path}`); return null; }
    return p;
  };
  const startup = probe('startupProbe', '/health/liveness');
  probe('readinessProbe', '/health/readiness');
  probe('livenessProbe', '/health/liveness');
  if (startup && startup.periodSeconds * startup.failureThreshold < 3 * SLOWEST_START_S) {
    problem(`the startup probe allows ${startup.periodSeconds * startup.failureThreshold} s, under 3 × the slowest measured start (${SLOWEST_START_S} s)`);
  }

  // resources fitted to the heap: memory limit = request, at least the heap plus what the JVM holds above it
  const r = container.resources ?? {};
  for (const k of ['cpu', 'memory']) {
    if (!r.requests?.[k] || !r.limits?.[k]) problem(`resources need a ${k} request and limit`);
  }
  const mib = (q) => { const m = /^(\d+)(Mi|Gi|M|G)?$/.exec(`${q}`); if (!m) return NaN; const n = Number(m[1]);
    return { Mi: n, Gi: n * 1024, M: n * 1e6 / 1048576, G: n * 1e9 / 1048576 }[m[2]] ?? n / 1048576; };
  if (r.requests?.memory !== r.limits?.memory) problem('the memory request must equal the limit (the heap is fixed; a pod must not be placed on less)');
  const xmx = /-Xmx(\d+)([mMgG])/.exec(env.INTERLOCK_JAVA_OPTS?.value ?? '');
  if (!xmx) problem('INTERLOCK_JAVA_OPTS must cap the heap with -Xmx');
  else {
    const heap = Number(xmx[1]) * (/[gG]/.test(xmx[2]) ? 1024 : 1);
    if (mib(r.limits?.memory) < heap + ABOVE_HEAP_MIB) problem(`memory limit ${r.limits?.memory} leaves less than ${ABOVE_HEAP_MIB} MiB above -Xmx${xmx[1]}${xmx[2]}`);
    if (heap < 512) problem(`-Xmx${xmx[1]}${xmx[2]} is below the 512 MB the memory guard needs (README, Limits and isolation)`);
  }

  // settings: secrets only from Secrets, PostgreSQL for replicas, never unsigned
  for (const name of ['INTERLOCK_SIGNING_SECRETS', 'INTERLOCK_ADMIN_TOKEN', 'INTERLOCK_DECISION_DB_PASSWORD']) {
    if (!env[name]?.valueFrom?.secretKeyRef) problem(`${name} must come from a Secret (secretKeyRef)`);
  }
  if (!`${env.INTERLOCK_DECISION_DB?.value}`.startsWith('jdbc:postgresql://')) problem('replicas need the decision store on PostgreSQL (INTERLOCK_DECISION_DB=jdbc:postgresql://…)');
  if (env.INTERLOCK_ALLOW_UNSIGNED && env.INTERLOCK_ALLOW_UNSIGNED.value !== 'false') problem('INTERLOCK_ALLOW_UNSIGNED is for development only');
  if (env.INTERLOCK_POLICIES?.value !== '/etc/interlock/policies') problem('INTERLOCK_POLICIES must be /etc/interlock/policies');
  const fromConfigMaps = Object.entries(mounts).some(([path, name]) => path.startsWith('/etc/interlock/policies') && volumes[name]?.configMap);
  if (env.INTERLOCK_RELOAD?.value !== String(fromConfigMaps)) problem(`INTERLOCK_RELOAD must be ${fromConfigMaps} when the policies come from ${fromConfigMaps ? 'ConfigMaps' : 'the image'}`);

  // stopping: the preStop pause and the service's own grace fit in the termination grace period
  const pause = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
  if ((pod.terminationGracePeriodSeconds ?? 30) < pause + SHUTDOWN_GRACE_S + 5) problem('terminationGracePeriodSeconds must cover the preStop pause and the 10 s drain');

  // the Service, the edge, the budget, the autoscaler
  const services = of('Service');
  if (services.length !== 1 || services[0].spec.type !== 'ClusterIP' || !selects(services[0].spec.selector)) problem('expected one ClusterIP Service selecting the pods');
  for (const ingress of of('Ingress')) {
    for (const rule of ingress.spec.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        if (path.path !== '/v1/intercept' || !['Prefix', 'Exact'].includes(path.pathType)) problem(`the Ingress routes ${path.path} (${path.pathType}): only /v1/intercept may reach the internet`);
        if (path.backend?.service?.name !== services[0]?.metadata.name) problem('the Ingress must route to the Service');
      }
      if (!(ingress.spec.tls ?? []).some(t => (t.hosts ?? []).includes(rule.host))) problem(`the Ingress serves ${rule.host} without TLS`);
    }
    if (ingress.spec.defaultBackend) problem('the Ingress must not have a default backend (everything else stays inside)');
  }
  const pdbs = of('PodDisruptionBudget');
  if (pdbs.length !== 1 || !selects(pdbs[0].spec.selector?.matchLabels) || !(pdbs[0].spec.minAvailable < deployment.spec.replicas)) {
    problem('expected one PodDisruptionBudget selecting the pods, with minAvailable below the replicas');
  }
  for (const hpa of of('HorizontalPodAutoscaler')) {
    if (hpa.spec.scaleTargetRef.kind !== 'Deployment' || hpa.spec.scaleTargetRef.name !== deployment.metadata.name) problem('the autoscaler must scale the Deployment');
    if (!(hpa.spec.minReplicas >= 2)) problem('the autoscaler must keep at least 2 replicas');
  }
}

for (const p of problems) console.log(`FAIL ${p}`);
process.exit(problems.length ? 1 : 0);
