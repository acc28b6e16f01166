// The storage port of the nonce store (WS-Security replay protection): NonceRepository. Its knex/ folder implements
// it; the declaration below adds it to the kernel's Repositories, which a unit of work hands to services.

export interface NonceRepository {
  /** Records a nonce; false when it was seen before (a replay). */
  remember(nonce: string, expiresAt: number): Promise<boolean>;
  purge(now: number): Promise<number>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly nonces: NonceRepository;
  }
}
