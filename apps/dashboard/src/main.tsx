import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { NotifyProvider } from './notify/NotifyProvider';
import { SessionProvider } from './session/SessionProvider';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter basename="/app">
      <NotifyProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </NotifyProvider>
    </BrowserRouter>
  </StrictMode>,
);
