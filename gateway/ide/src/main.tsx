import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './ide.css';
import { DEMO_TABS } from './tabs';

/**
 * FTGO's offline GraphQL IDE: GraphiQL 4 (CodeMirror editors, docs explorer, history, headers and
 * variables editors) over the gateway's own `/graphql`; queries and mutations over HTTP POST,
 * subscriptions over graphql-ws on the same path. Everything it loads comes from the gateway.
 */
const httpUrl = new URL('/graphql', window.location.href).toString();
const wsUrl = new URL('/graphql', window.location.href);
wsUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({ url: httpUrl, subscriptionUrl: wsUrl.toString() });

const root = document.getElementById('graphiql');
if (!root) throw new Error('the IDE page has no #graphiql element');

createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultTabs={DEMO_TABS} defaultEditorToolsVisibility="variables" isHeadersEditorEnabled shouldPersistHeaders={false}>
      <GraphiQL.Logo>FTGO</GraphiQL.Logo>
    </GraphiQL>
  </StrictMode>,
);
