// Reads one JSON array of cases on stdin and prints, for each, iam-simulate's overall result.
// A case: {"identity": [policy documents], "action": "cloudtrail:StopLogging",
//          "resource": "arn:...", "account": "123456789012",
//          optional "principal": "arn:...", "context": {"aws:username": "main", ...},
//          optional "scps": [[policy documents of the root], [of an OU], ..., [of the account]],
//          optional "boundary": [policy documents of the permissions boundary]}
import { runSimulation } from '@cloud-copilot/iam-simulate'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const results = []
for (const item of cases) {
  const simulation = {
    identityPolicies: item.identity.map((policy, index) => ({ name: `p${index}`, policy })),
    serviceControlPolicies: (item.scps || []).map((level, depth) => ({
      orgIdentifier: `level${depth}`,
      policies: level.map((policy, index) => ({ name: `scp${depth}-${index}`, policy }))
    })),
    resourceControlPolicies: [],
    permissionBoundaryPolicies: item.boundary
      ? item.boundary.map((policy, index) => ({ name: `b${index}`, policy }))
      : undefined,
    request: {
      action: item.action,
      principal: item.principal || `arn:aws:iam::${item.account}:user/differential`,
      resource: { accountId: item.account, resource: item.resource },
      contextVariables: item.context || {}
    }
  }
  const response = await runSimulation(simulation, {})
  results.push(response.resultType === 'error'
    ? { error: JSON.stringify(response.errors) }
    : { result: response.overallResult })
}
process.stdout.write(JSON.stringify(results))
