// Fastify's internal symbols, which its package exports without typings (Nest's Fastify adapter imports the same module).
declare module 'fastify/lib/symbols.js' {
  const symbols: Record<string, symbol>;
  export default symbols;
}
