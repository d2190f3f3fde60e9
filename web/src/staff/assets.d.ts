// Vite answers an import with `?url` by the built file's address.
declare module '*?url' {
  const url: string;
  export default url;
}
