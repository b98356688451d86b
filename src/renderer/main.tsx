import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { QuickAccess } from './quick-access/QuickAccess';
import './app/theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The same page is the app's window and, with ?view=quick-access, the Quick Access window.
const quickAccess = new URLSearchParams(window.location.search).get('view') === 'quick-access';
createRoot(root).render(<StrictMode>{quickAccess ? <QuickAccess /> : <App />}</StrictMode>);
