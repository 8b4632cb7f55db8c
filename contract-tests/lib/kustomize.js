// `kustomize build`, offline and in node, for the subset of kustomize that deploy/k8s uses: resources (files and
// directories with a kustomization.yaml), namespace, images (newName, newTag) and patches given inline as JSON 6902
// operations with a target (kind, optional name). Any other field of a kustomization.yaml is refused, so that an
// overlay cannot use a feature this build would silently ignore. Where a kustomize binary exists (kustomize, or
// kubectl's built-in `kubectl kustomize`), the tests also compare this build with the real one.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
// Kinds without a namespace among those deploy/k8s could hold; everything else gets the overlay's namespace.
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'ClusterSecretStore', 'PriorityClass', 'StorageClass', 'IngressClass']);

/** Every document of a YAML file, as plain data (empty documents skipped). */
export function readManifests(file) {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
    return document.toJS();
  }).filter((object) => object !== null && object !== undefined);
}

export function kustomizationFile(dir) {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(dir, name)).find(existsSync);
  if (!file) throw new Error(`${dir} has no kustomization.yaml`);
  return file;
}

/** The resources of a kustomization directory, with its transformations applied, as kustomize build gives them. */
export function build(dir) {
  const file = kustomizationFile(dir);
  const kustomization = parseYaml(readFileSync(file, 'utf8'));
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${file}: ${unsupported.join(', ')} not supported by contract-tests/lib/kustomize.js`);

  let objects = [];
  for (const entry of kustomization.resources ?? []) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${file}: resource ${entry} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? build(path) : readManifests(path)));
  }
  const ids = objects.map(id);
  const duplicate = ids.find((value, index) => ids.indexOf(value) !== index);
  if (duplicate) throw new Error(`${file}: ${duplicate} is defined twice`);

  for (const [index, { target, patch, path }] of (kustomization.patches ?? []).entries()) {
    if (path !== undefined || !target || typeof patch !== 'string') {
      throw new Error(`${file}: patch ${index} must be inline JSON 6902 operations with a target`);
    }
    const operations = parseYaml(patch);
    if (!Array.isArray(operations)) throw new Error(`${file}: patch ${index} is not a list of JSON 6902 operations`);
    const matches = objects.filter((object) => matchesTarget(object, target));
    if (matches.length === 0) throw new Error(`${file}: patch ${index} matches no resource (${JSON.stringify(target)})`);
    for (const object of matches) for (const operation of operations) applyOperation(object, operation, `${file}: patch ${index} on ${id(object)}`);
  }
  for (const image of kustomization.images ?? []) {
    let used = false;
    for (const object of objects) for (const container of containersOf(object)) {
      const [name, tag] = splitImage(container.image);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}${image.newTag !== undefined ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
      used = true;
    }
    if (!used) throw new Error(`${file}: image ${image.name} is used by no container`);
  }
  if (kustomization.namespace) {
    for (const object of objects) if (!CLUSTER_SCOPED.has(object.kind)) object.metadata = { ...object.metadata, namespace: kustomization.namespace };
  }
  return objects;
}

export function id(object) {
  return `${object.kind}/${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name}`;
}

function matchesTarget(object, target) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return (target.kind === undefined || target.kind === object.kind)
    && (target.name === undefined || target.name === object.metadata?.name)
    && (target.group === undefined || target.group === group)
    && (target.version === undefined || target.version === version);
}

export function containersOf(object) {
  const pod = object.spec?.template?.spec;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])];
}

function splitImage(image) {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}

/** RFC 6902 add, replace, remove (what the overlays use); a path that does not resolve is an error, as in kustomize. */
function applyOperation(object, { op, path, value }, where) {
  const tokens = path.split('/').slice(1).map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop();
  let parent = object;
  for (const token of tokens) {
    parent = parent?.[Array.isArray(parent) ? Number(token) : token];
    if (parent === undefined || parent === null || typeof parent !== 'object') throw new Error(`${where}: ${path} does not exist`);
  }
  const exists = Array.isArray(parent) ? Number(last) < parent.length : Object.hasOwn(parent, last);
  const copy = value === undefined ? undefined : structuredClone(value);
  if (op === 'add') {
    if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, copy);
    else parent[last] = copy;
  } else if (op === 'replace' || op === 'remove') {
    if (!exists) throw new Error(`${where}: ${op} ${path}, which does not exist`);
    if (op === 'remove') Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
    else parent[Array.isArray(parent) ? Number(last) : last] = copy;
  } else {
    throw new Error(`${where}: JSON 6902 op ${op} not supported`);
  }
}

/** The real kustomize, if this machine has one: ['kustomize', 'build'] or ['kubectl', 'kustomize'], else undefined. */
let found;
export function kustomizeCommand() {
  if (found === undefined) found = findKustomize() ?? null;
  return found ?? undefined;
}

function findKustomize() {
  for (const command of [['kustomize', 'build'], ['kubectl', 'kustomize']]) {
    try {
      execFileSync(command[0], command[0] === 'kubectl' ? ['version', '--client'] : ['version'], { stdio: 'ignore', timeout: 20000 });
      return command;
    } catch {
      // not installed, or not working: try the next one
    }
  }
  return undefined;
}

export function buildWith(command, dir) {
  const output = execFileSync(command[0], [...command.slice(1), dir], { encoding: 'utf8', timeout: 60000 });
  return parseAllDocuments(output).map((document) => document.toJS()).filter(Boolean);
}

export const K8S = (root) => join(root, 'deploy', 'k8s');
export const OVERLAYS = ['local', 'production'];
export const overlayDir = (root, overlay) => join(K8S(root), 'overlays', overlay);
