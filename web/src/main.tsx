import { render } from 'solid-js/web';
import { App } from './App.jsx';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/components.css';
import './styles/status.css';
import './styles/pages.css';

const root = document.getElementById('app');
if (!root) throw new Error('index.html is missing the #app element');
render(() => <App />, root);
