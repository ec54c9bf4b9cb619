/** Who is connected right now (across every node when Redis is configured). */
export interface PresencePort {
  onlineAmong(visitorIds: string[]): Promise<Set<string>>;
}
