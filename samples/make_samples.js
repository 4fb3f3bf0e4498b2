#!/usr/bin/env node
// Generates the sample CSVs (seeded, so the files are reproducible byte for byte):
//   correlated.csv     300 rows; x1, x1_copy and x1_noisy are nearly the same variable, so OLS
//                      splits their effect unstably, Ridge shares it, Lasso keeps one.
//   classification.csv 500 rows; binary `outcome` from a logistic model of age, income_k,
//                      tenure_months, region (categorical) and has_card (boolean).
//   malformed.csv      ragged rows (line 4 has five fields and line 6 two, where the header has four).
// seed_sparse.csv is the seed analysis's data (numpy seed 42, n = 200, p = 10), copied from the
// shared contract cases. `node samples/make_samples.js --big N OUT` writes a large regression
// file for timing (used by the e2e measurement).
const fs = require('fs');
const path = require('path');

/** mulberry32: a small seeded PRNG (Tommy Ettinger), uniform in [0, 1). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
function normal(u) {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const fmt = (x, d = 6) => Number(x.toFixed(d)).toString();

function correlated() {
  const u = rng(7), z = normal(u);
  const rows = ['x1,x1_copy,x1_noisy,x2,x3,x4,noise1,noise2,y'];
  for (let i = 0; i < 300; i++) {
    const x1 = z();
    const x1c = x1 + 0.05 * z();
    const x1n = x1 + 0.3 * z();
    const x2 = z(), x3 = z(), x4 = 0.5 * x2 + Math.sqrt(0.75) * z();
    const n1 = z(), n2 = z();
    const y = 3 * x1 + 1.5 * x2 - 2 * x3 + 0.5 * x4 + z();
    rows.push([x1, x1c, x1n, x2, x3, x4, n1, n2, y].map((v) => fmt(v)).join(','));
  }
  return rows.join('\n') + '\n';
}

function classification() {
  const u = rng(11), z = normal(u);
  const regions = ['north', 'south', 'east', 'west'];
  const effect = { north: 0, south: 0.6, east: -0.4, west: 0.2 };
  const rows = ['age,income_k,tenure_months,region,has_card,outcome'];
  for (let i = 0; i < 500; i++) {
    const age = Math.round(22 + 45 * u());
    const income = 25 + 90 * u() + 5 * z();
    const tenure = Math.round(1 + 71 * u());
    const region = regions[Math.floor(u() * regions.length)];
    const hasCard = u() < 0.45;
    const eta = -0.5 + 0.03 * (age - 45) - 0.02 * (income - 70) - 0.04 * (tenure - 36) + effect[region] + (hasCard ? -0.8 : 0.3);
    const p = 1 / (1 + Math.exp(-eta));
    const outcome = u() < p ? 1 : 0;
    rows.push([age, fmt(income, 2), tenure, region, hasCard ? 'true' : 'false', outcome].join(','));
  }
  return rows.join('\n') + '\n';
}

function malformed() {
  return ['a,b,c,y', '1,2,3,4', '2,3,4,5', '3,4,5,6,7', '4,5,6,7', '5,6'].join('\n') + '\n';
}

/** n rows of the seed's design (p = 10, three true coefficients) for timing runs. */
function big(n) {
  const u = rng(3), z = normal(u);
  const beta = [3, -2, 1.5, 0, 0, 0, 0, 0, 0, 0];
  const lines = ['x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,y'];
  for (let i = 0; i < n; i++) {
    const x = beta.map(() => z());
    let y = 0.5 * z();
    for (let j = 0; j < 10; j++) y += beta[j] * x[j];
    lines.push([...x, y].map((v) => fmt(v)).join(','));
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--big') {
    fs.writeFileSync(args[2], big(Number(args[1])));
  } else {
    fs.writeFileSync(path.join(__dirname, 'correlated.csv'), correlated());
    fs.writeFileSync(path.join(__dirname, 'classification.csv'), classification());
    fs.writeFileSync(path.join(__dirname, 'malformed.csv'), malformed());
  }
}

module.exports = { big };
