/**
 * The few globals that both Node and the browser provide, declared here
 * because the pure core compiles without DOM or Node typings: anything not
 * listed is a type error in src/shared, which is the point.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly origin: string;
  toString(): string;
}
