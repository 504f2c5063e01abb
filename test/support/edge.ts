/** A deal at the edge of the dates Dealspec computes, for the core's and the CLI's tests of the limits. */

/** A deal at the edge: its exercised option runs it to 9999-12-31, and every part of it reaches that day without passing it. */
export const EDGE_DEAL = `dealspec: 1
deal: edge
currency: USD
parties: {buyer: A, provider: B}
term: {start: 9999-01-01, end: 9999-06-30}
capacity:
  gpus: 10
  steps:
    - {from: 9999-06-01, gpus: 20}
fees:
  - {id: base, amount: $1M, every: year, from: 9999-06-01, paid: in_arrears, escalate: {rate: 3%, every: month}}
  - {id: gpu, price: $2 per GPU-hour, every: quarter}
  - {id: late, amount: $5k, every: once, from: 9999-06-30}
termination:
  - {by: buyer, notice: 2 months, not_before: 9999-05-01, fee: $1M}
options:
  - {id: ext, extend: 6 months, by: buyer, notice: 30 days, exercised: true}
scenarios:
  - {id: earlier, shift: {term: -3 months}}
  - {id: exit, exit: {on: 9999-11-01}}
  - {id: without, set: {options.ext.exercised: false}}
discount_rate: 8%
`;
