// Validates a Kubernetes object against the schema of its apiVersion and kind:
// - built-in kinds: the Kubernetes API's OpenAPI schema, as the npm package kubernetes-models compiles it
//   (types, required fields, enums, formats; NOT unknown fields: the API schema allows them, so a misspelt optional
//   field passes here, which is why the consistency tests look for the fields that matter: probes, ports, env);
// - KEDA's ScaledObject: @kubernetes-models/keda, generated from KEDA's CRDs (same extent);
// - the Prometheus Operator's PodMonitor: @kubernetes-models/prometheus-operator, generated from its CRDs (same extent);
// - Strimzi's Kafka, KafkaNodePool, KafkaTopic and External Secrets' ExternalSecret: no npm package has their CRDs,
//   so the shapes below state what Kiln relies on (required fields, types, enums, and no unknown field in those
//   parts); the rest of those resources is not validated here.
import Ajv from 'ajv';

const BUILT_IN_GROUPS = new Set(['', 'apps', 'autoscaling', 'policy', 'networking.k8s.io', 'batch', 'rbac.authorization.k8s.io']);

const metadata = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const strimziMetadata = { ...metadata, required: ['name', 'labels'], properties: { ...metadata.properties, labels: { type: 'object', required: ['strimzi.io/cluster'], additionalProperties: { type: 'string' } } } };
const resources = { type: 'object', additionalProperties: false, properties: { requests: { type: 'object' }, limits: { type: 'object' } } };
const volume = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 0 },
    type: { enum: ['ephemeral', 'persistent-claim'] },
    size: { type: 'string', pattern: '^[0-9]+([KMGTPE]i?)?$' },
    sizeLimit: { type: 'string' },
    class: { type: 'string' },
    deleteClaim: { type: 'boolean' },
    kraftMetadata: { enum: ['shared'] },
  },
};
const resource = (apiVersion, kind, spec, meta = metadata) => ({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata: meta, spec },
});

const SHAPES = {
  'kafka.strimzi.io/v1beta2/Kafka': resource('kafka.strimzi.io/v1beta2', 'Kafka', {
    type: 'object',
    required: ['kafka'],
    additionalProperties: false,
    properties: {
      kafka: {
        type: 'object',
        required: ['listeners'],
        additionalProperties: false,
        properties: {
          version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
          metadataVersion: { type: 'string' },
          listeners: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['name', 'port', 'type', 'tls'],
              additionalProperties: false,
              properties: {
                name: { type: 'string', pattern: '^[a-z0-9]{1,11}$' },
                port: { type: 'integer', minimum: 9092 },
                type: { enum: ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'] },
                tls: { type: 'boolean' },
                authentication: { type: 'object' },
                configuration: { type: 'object' },
                networkPolicyPeers: { type: 'array', items: { type: 'object' } },
              },
            },
          },
          config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
          authorization: { type: 'object' },
          resources,
          template: { type: 'object' },
          metricsConfig: { type: 'object' },
        },
      },
      entityOperator: {
        type: 'object',
        additionalProperties: false,
        properties: { topicOperator: { type: 'object' }, userOperator: { type: 'object' }, template: { type: 'object' } },
      },
      cruiseControl: { type: 'object' },
      kafkaExporter: { type: 'object' },
    },
  }),
  'kafka.strimzi.io/v1beta2/KafkaNodePool': resource('kafka.strimzi.io/v1beta2', 'KafkaNodePool', {
    type: 'object',
    required: ['replicas', 'roles', 'storage'],
    additionalProperties: false,
    properties: {
      replicas: { type: 'integer', minimum: 0 },
      roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['controller', 'broker'] } },
      storage: {
        oneOf: [
          { ...volume, properties: { ...volume.properties, type: { enum: ['ephemeral', 'persistent-claim'] } } },
          {
            type: 'object',
            required: ['type', 'volumes'],
            additionalProperties: false,
            properties: { type: { const: 'jbod' }, volumes: { type: 'array', minItems: 1, items: { ...volume, required: ['id', 'type'] } } },
          },
        ],
      },
      resources,
      jvmOptions: { type: 'object' },
      template: { type: 'object' },
    },
  }, strimziMetadata),
  'kafka.strimzi.io/v1beta2/KafkaTopic': resource('kafka.strimzi.io/v1beta2', 'KafkaTopic', {
    type: 'object',
    required: ['partitions', 'replicas'],
    additionalProperties: false,
    properties: {
      topicName: { type: 'string', pattern: '^[a-zA-Z0-9._-]{1,249}$' },
      partitions: { type: 'integer', minimum: 1 },
      replicas: { type: 'integer', minimum: 1, maximum: 32767 },
      config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    },
  }, strimziMetadata),
  'external-secrets.io/v1/ExternalSecret': resource('external-secrets.io/v1', 'ExternalSecret', {
    type: 'object',
    required: ['secretStoreRef', 'target', 'data'],
    additionalProperties: false,
    properties: {
      refreshInterval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' },
      secretStoreRef: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, kind: { enum: ['SecretStore', 'ClusterSecretStore'] } },
      },
      target: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, creationPolicy: { enum: ['Owner', 'Orphan', 'Merge', 'None'] } },
      },
      data: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['secretKey', 'remoteRef'],
          additionalProperties: false,
          properties: {
            secretKey: { type: 'string' },
            remoteRef: {
              type: 'object',
              required: ['key'],
              additionalProperties: false,
              properties: { key: { type: 'string' }, property: { type: 'string' }, version: { type: 'string' } },
            },
          },
        },
      },
    },
  }),
};

const ajv = new Ajv({ strict: false, allErrors: true });
const shapeValidators = new Map(Object.entries(SHAPES).map(([key, schema]) => [key, ajv.compile(schema)]));

/**
 * How an object is validated: 'kubernetes-models', 'keda models', 'prometheus-operator models', 'shape', or undefined
 * when nothing knows it.
 */
export function validatorKind(object) {
  const group = object.apiVersion?.includes('/') ? object.apiVersion.split('/')[0] : '';
  if (BUILT_IN_GROUPS.has(group)) return 'kubernetes-models';
  if (group === 'keda.sh') return 'keda models';
  if (group === 'monitoring.coreos.com') return 'prometheus-operator models';
  if (shapeValidators.has(`${object.apiVersion}/${object.kind}`)) return 'shape';
  return undefined;
}

/** The schema errors of an object, as readable lines; [] when it is valid. */
export async function schemaErrors(object) {
  const how = validatorKind(object);
  if (how === undefined) return [`no schema for ${object.apiVersion} ${object.kind}`];
  if (how === 'shape') {
    const validate = shapeValidators.get(`${object.apiVersion}/${object.kind}`);
    return validate(object) ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const module = {
    'keda models': `@kubernetes-models/keda/${group}/${version}/${object.kind}`,
    'prometheus-operator models': `@kubernetes-models/prometheus-operator/${group}/${version}/${object.kind}`,
  }[how] ?? `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch {
    return [`no model ${module} for ${object.apiVersion} ${object.kind}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}
