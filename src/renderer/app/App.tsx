import { WelcomeScreen } from '../welcome/WelcomeScreen';

/** The app's screens. Only the first one exists so far; each capability adds its own. */
export function App() {
  return <WelcomeScreen />;
}
