// Reads one JSON array of cases on stdin and prints, for each, iam-simulate's overall result.
// A case: {"identity": [policy documents], "action": "cloudtrail:StopLogging",
//          "resource": "arn:...", "account": "123456789012"}
import { runSimulation } from '@cloud-copilot/iam-simulate'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const results = []
for (const item of cases) {
  const simulation = {
    identityPolicies: item.identity.map((policy, index) => ({ name: `p${index}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      action: item.action,
      principal: `arn:aws:iam::${item.account}:user/differential`,
      resource: { accountId: item.account, resource: item.resource },
      contextVariables: {}
    }
  }
  const response = await runSimulation(simulation, {})
  results.push(response.resultType === 'error'
    ? { error: JSON.stringify(response.errors) }
    : { result: response.overallResult })
}
process.stdout.write(JSON.stringify(results))
