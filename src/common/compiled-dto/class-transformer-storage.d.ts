// class-transformer keeps its @Type metadata in this module and exports it under cjs/ without typings of its own.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
