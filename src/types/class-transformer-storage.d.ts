// class-transformer's metadata store (the @Type() decorators), which its package exports but does not type.
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: {
    findTypeMetadata(target: Function, propertyName: string): { typeFunction?: (options?: unknown) => Function; options?: { discriminator?: unknown } } | undefined;
  };
}
