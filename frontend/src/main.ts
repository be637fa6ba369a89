import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { wailsApi } from './lib/api/wails';

const app = mount(App, { target: document.getElementById('app')!, props: { api: wailsApi() } });

export default app;
