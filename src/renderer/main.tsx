import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './styles.css';
import { pickKioskApi } from './api/pick-api';
import { App } from './app';

/** Entry point of the screens, in Electron and in browser mode alike. */
const root = createRoot(document.getElementById('root')!);
const api = pickKioskApi();
root.render(
  <StrictMode>
    {api ? (
      <App api={api} />
    ) : (
      <main className="nhsuk-width-container">
        <h1>This page needs its kiosk link</h1>
        <p>Open the address that `npm run start:web` printed, including the part after #.</p>
      </main>
    )}
  </StrictMode>,
);
