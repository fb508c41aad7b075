// Reads JSON arrays of cases, one array a line, and prints for each line one JSON array: for each
// case, iam-simulate's overall result. One process serves every batch of a test session.
// A case: {"identity": [policy documents], "action": "cloudtrail:StopLogging",
//          "resource": "arn:...", "account": "123456789012",
//          optional "principal": "arn:...", "context": {"aws:username": "main", ...},
//          optional "scps": [[policy documents of the root], [of an OU], ..., [of the account]],
//          optional "boundary": [policy documents of the permissions boundary],
//          optional "resourcePolicy": the resource's policy document,
//          optional "rcps": [[RCP documents of the root], ..., [of the account]] (RCPFullAWSAccess
//          is the simulator's own at every level)}
import { createInterface } from 'node:readline'
import { runSimulation } from '@cloud-copilot/iam-simulate'

async function simulate (item) {
  const simulation = {
    identityPolicies: (item.identity || []).map((policy, index) => ({ name: `p${index}`, policy })),
    serviceControlPolicies: (item.scps || []).map((level, depth) => ({
      orgIdentifier: `level${depth}`,
      policies: level.map((policy, index) => ({ name: `scp${depth}-${index}`, policy }))
    })),
    resourceControlPolicies: (item.rcps || []).map((level, depth) => ({
      orgIdentifier: `rcp-level${depth}`,
      policies: level.map((policy, index) => ({ name: `rcp${depth}-${index}`, policy }))
    })),
    permissionBoundaryPolicies: item.boundary
      ? item.boundary.map((policy, index) => ({ name: `b${index}`, policy }))
      : undefined,
    resourcePolicy: item.resourcePolicy,
    request: {
      action: item.action,
      principal: item.principal || `arn:aws:iam::${item.account}:user/differential`,
      resource: { accountId: item.account, resource: item.resource },
      contextVariables: item.context || {}
    }
  }
  const response = await runSimulation(simulation, {})
  return response.resultType === 'error'
    ? { error: JSON.stringify(response.errors) }
    : { result: response.overallResult }
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue
  const results = []
  for (const item of JSON.parse(line)) results.push(await simulate(item))
  process.stdout.write(JSON.stringify(results) + '\n')
}
