// Vite bundles the stylesheets the pages import.
declare module '*.css';
