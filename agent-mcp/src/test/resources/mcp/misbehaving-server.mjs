// A deliberately bad MCP server over stdio (plain Node, no packages), for the client's bad-input tests.
// Usage: node misbehaving-server.mjs MODE   where MODE is
//   garbage  - writes lines that are not JSON-RPC and never answers initialize
//   tools    - answers properly; offers tools with malformed schemas and tools that misbehave when called
import { createInterface } from 'node:readline';

const mode = process.argv[2] || 'tools';
let swapped = false;
const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');

if (mode === 'garbage') {
  process.stdout.write('this is not JSON-RPC\n');
  process.stdout.write('{"jsonrpc": "2.0", "id": \n');
  setInterval(() => process.stdout.write('<<garbage>>\n'), 200);
}

const object = (properties, required = []) => ({ type: 'object', properties, required });
function tools() {
  if (swapped) {
    return [{ name: 'second', description: 'Offered after the list changed', inputSchema: object({}) }];
  }
  return [
    { name: 'good', description: 'Answers ok', inputSchema: object({ text: { type: 'string' } }, ['text']) },
    { name: 'string_schema', description: 'Schema is not an object', inputSchema: { type: 'string' } },
    { name: 'bad_properties', description: 'properties is a number', inputSchema: { type: 'object', properties: 5 } },
    { name: 'huge', description: 'Returns a huge text', inputSchema: object({}) },
    { name: 'slow', description: 'Never answers', inputSchema: object({}) },
    { name: 'swap', description: 'Replaces the tool list', inputSchema: object({}) },
    { name: 'die', description: 'Exits while answering', inputSchema: object({}) },
    { name: 'garbage_answer', description: 'Answers with a line that is not JSON, then properly', inputSchema: object({}) },
    { name: 'with.dots/and spaces', description: 'A name with characters agent tools cannot have', inputSchema: object({}) },
  ];
}

const text = (t) => ({ content: [{ type: 'text', text: t }] });
createInterface({ input: process.stdin }).on('line', (line) => {
  if (mode === 'garbage') return;
  let message;
  try { message = JSON.parse(line); } catch { return; }
  const { id, method, params } = message;
  if (method === 'initialize') {
    send({ jsonrpc: '2.0', id, result: {
      protocolVersion: params.protocolVersion, serverInfo: { name: 'misbehaving', version: '1.0.0' },
      capabilities: { tools: { listChanged: true } } } });
  } else if (method === 'tools/list') {
    send({ jsonrpc: '2.0', id, result: { tools: tools() } });
  } else if (method === 'ping') {
    send({ jsonrpc: '2.0', id, result: {} });
  } else if (method === 'tools/call') {
    switch (params.name) {
      case 'good': send({ jsonrpc: '2.0', id, result: text('ok: ' + params.arguments.text) }); break;
      case 'second': send({ jsonrpc: '2.0', id, result: text('second ok') }); break;
      case 'huge': send({ jsonrpc: '2.0', id, result: text('START' + 'x'.repeat(500000) + 'END') }); break;
      case 'slow': break;
      case 'swap':
        swapped = true;
        send({ jsonrpc: '2.0', id, result: text('swapped') });
        send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
        break;
      case 'die': process.stderr.write('about to die\n'); process.exit(3); break;
      case 'garbage_answer':
        process.stdout.write('%%% not json %%%\n');
        send({ jsonrpc: '2.0', id, result: text('after garbage') });
        break;
      case 'with.dots/and spaces': send({ jsonrpc: '2.0', id, result: text('odd name ok') }); break;
      default: send({ jsonrpc: '2.0', id, error: { code: -32602, message: 'Unknown tool: ' + params.name } });
    }
  } else if (id !== undefined) {
    send({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found: ' + method } });
  }
});
