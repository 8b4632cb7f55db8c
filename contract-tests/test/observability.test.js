// The dashboard and the alert rules of deploy/observability query only what docs/metrics.md catalogues, and every
// metric the catalogue marks as alerted has a rule; the dashboard shows every catalogued metric.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../lib/contract.js';

const OBSERVABILITY = join(ROOT, 'deploy', 'observability');
const HISTOGRAM_SAMPLE = /_(bucket|count|sum)$/;

/** The catalogue's rows: metric, type, alerted. */
function catalogue() {
  const rows = [];
  for (const line of readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 7 || !cells[1].startsWith('`')) continue;
    rows.push({ metric: cells[1].replaceAll('`', ''), type: cells[2].split(' ')[0], alerted: cells[5] === 'yes' });
  }
  return rows;
}

/** The metric names an expression reads: Kiln's own and the Kafka client's, a histogram's samples by their metric. */
function metricsOf(expr, histograms) {
  const names = new Set();
  for (const [name] of expr.matchAll(/\b(?:kiln|kafka)_[a-z0-9_]+\b/g)) {
    const base = name.replace(HISTOGRAM_SAMPLE, '');
    names.add(histograms.has(base) ? base : name);
  }
  return names;
}

const rows = catalogue();
const catalogued = new Set(rows.map((row) => row.metric));
const histograms = new Set(rows.filter((row) => row.type === 'histogram').map((row) => row.metric));
const rules = parseYaml(readFileSync(join(OBSERVABILITY, 'prometheus-rules.yaml'), 'utf8'));
const alerts = rules.groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(readFileSync(join(OBSERVABILITY, 'grafana-dashboard.json'), 'utf8'));
const targets = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));

test('docs/metrics.md has a catalogue of kiln_ metrics with a type each', () => {
  assert.ok(rows.length >= 10, `only ${rows.length} rows`);
  for (const row of rows) {
    assert.match(row.metric, /^(kiln|kafka)_[a-z0-9_]+$/, row.metric);
    assert.ok(['counter', 'gauge', 'histogram'].includes(row.type), `${row.metric}: type ${row.type}`);
    if (row.type === 'counter') assert.match(row.metric, /_total$/, `${row.metric}: a counter ends in _total`);
  }
});

test('every alert rule is well formed and queries only catalogued metrics', () => {
  assert.ok(alerts.length > 0);
  for (const rule of alerts) {
    assert.match(rule.alert, /^Kiln[A-Za-z]+$/, `alert name ${rule.alert}`);
    assert.equal(typeof rule.expr, 'string', `${rule.alert}: expr`);
    assert.ok(['info', 'warning', 'critical'].includes(rule.labels?.severity), `${rule.alert}: severity`);
    assert.ok(rule.annotations?.summary, `${rule.alert}: summary`);
    if (rule.for !== undefined) assert.match(rule.for, /^\d+[smhd]$/, `${rule.alert}: for`);
    const used = metricsOf(rule.expr, histograms);
    assert.ok(used.size > 0, `${rule.alert} queries no metric`);
    for (const metric of used) assert.ok(catalogued.has(metric), `${rule.alert}: ${metric} is not in docs/metrics.md`);
  }
});

test('every metric marked alerted in docs/metrics.md has an alert rule, and only those are alerted on', () => {
  const alerted = new Set(alerts.flatMap((rule) => [...metricsOf(rule.expr, histograms)]));
  for (const row of rows) {
    assert.equal(alerted.has(row.metric), row.alerted,
      `${row.metric}: ${row.alerted ? 'marked alerted but no rule queries it' : 'a rule queries it: mark it alerted'}`);
  }
});

test('the dashboard queries only catalogued metrics and shows each of them', () => {
  assert.ok(targets.length > 0);
  const ids = dashboard.panels.map((panel) => panel.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  const shown = new Set();
  for (const { panel, target } of targets) {
    assert.equal(panel.datasource?.type, 'prometheus', `${panel.title}: a Prometheus panel`);
    for (const metric of metricsOf(target.expr, histograms)) {
      assert.ok(catalogued.has(metric), `${panel.title}: ${metric} is not in docs/metrics.md`);
      shown.add(metric);
    }
  }
  for (const metric of catalogued) assert.ok(shown.has(metric), `${metric} is on no panel of the dashboard`);
});
