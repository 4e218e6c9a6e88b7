// Renders GraphiQL (served from this origin, see gateway/graphql-ide.ts) against /graphql. A token
// in the URL fragment (#token=…, as the dashboard's sign-in link has) fills the Authorization
// header; the fragment never reaches the server.
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '{\n  "Authorization": "Bearer <token from npm run token>"\n}';

// GraphiQL's own introspection nests type references deeper than the gateway's MAX_QUERY_DEPTH
// (12) allows; Levain's types nest at most [X!]! deep, so five levels of ofType are plenty.
const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }';
const INTROSPECTION = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ${TYPE_REF} } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ${TYPE_REF} }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ${TYPE_REF} }
}
fragment InputValue on __InputValue { name description type { ${TYPE_REF} } defaultValue }`;

const http = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
const fetcher = (params, options) =>
  http(params.operationName === 'IntrospectionQuery' ? { ...params, query: INTROSPECTION } : params, options);

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultHeaders: headers, shouldPersistHeaders: false, defaultEditorToolsVisibility: 'headers' }),
);
