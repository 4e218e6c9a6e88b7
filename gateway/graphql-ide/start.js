// Renders GraphiQL (served from this origin, see gateway/graphql-ide.ts) against /graphql. A token
// in the URL fragment (#token=…, as the dashboard's sign-in link has) fills the Authorization
// header; the fragment never reaches the server.
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '{\n  "Authorization": "Bearer <token from npm run token>"\n}';
const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultHeaders: headers, shouldPersistHeaders: false, defaultEditorToolsVisibility: 'headers' }),
);
