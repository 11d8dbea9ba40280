// The official MCP TypeScript SDK as a client of `rust-agent mcp` over stdio.
// Usage: node ts-client.cjs ELICITATION JAVA CLASSPATH WORKSPACE [SERVER_ARGS...]
//   ELICITATION: none (the client cannot be asked), or answers for the questions in turn, e.g. accept,decline
// Prints one JSON object: the tool names, the result of `cargo check` and of `cargo build` twice (building
// needs approval).
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');
const { ElicitRequestSchema } = require('@modelcontextprotocol/sdk/types.js');

async function main() {
  const [elicitation, java, classpath, workspace, ...serverArgs] = process.argv.slice(2);
  const capabilities = elicitation === 'none' ? {} : { elicitation: {} };
  const client = new Client({ name: 'ts-sdk-test-client', version: '1.0.0' }, { capabilities });
  const questions = [];
  const answers = elicitation.split(',');
  if (elicitation !== 'none') {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      const answer = answers[questions.length] || 'decline';
      questions.push(request.params.message);
      return answer === 'accept' ? { action: 'accept', content: { approve: true } } : { action: answer };
    });
  }
  const transport = new StdioClientTransport({
    command: java,
    args: ['-cp', classpath, 'dev.rustagent.examples.cli.RustAgentCli', 'mcp', '--workspace', workspace, ...serverArgs],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stderr: 'inherit',
  });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const check = await client.callTool({ name: 'cargo', arguments: { subcommand: 'check' } }, undefined, { timeout: 300000 });
  const build = await client.callTool({ name: 'cargo', arguments: { subcommand: 'build' } }, undefined, { timeout: 300000 });
  const buildAgain = await client.callTool({ name: 'cargo', arguments: { subcommand: 'build' } }, undefined, { timeout: 300000 });
  process.stdout.write(JSON.stringify({
    server: client.getServerVersion(),
    tools: tools.map((t) => ({ name: t.name, required: t.inputSchema.required || [] })),
    check, build, buildAgain, questions,
  }) + '\n');
  await client.close();
}

main().catch((error) => {
  process.stderr.write('ts-client failed: ' + (error && error.stack || error) + '\n');
  process.exit(1);
});
