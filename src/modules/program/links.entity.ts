import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// Ordered many-to-many links of the programme: the first key is the owner, the second what it lists.

@Entity()
@Index(['themeId'])
export class SessionTheme {
  @PrimaryColumn({ type: 'uuid' }) sessionId!: string;
  @PrimaryColumn({ type: 'uuid' }) themeId!: string;
  @Column({ type: 'int', default: 0 }) position!: number;
}

@Entity()
@Index(['personId'])
export class SessionSpeaker {
  @PrimaryColumn({ type: 'uuid' }) sessionId!: string;
  @PrimaryColumn({ type: 'uuid' }) personId!: string;
  @Column({ type: 'int', default: 0 }) position!: number;
}

@Entity()
@Index(['themeId'])
export class WorkshopTheme {
  @PrimaryColumn({ type: 'uuid' }) workshopId!: string;
  @PrimaryColumn({ type: 'uuid' }) themeId!: string;
  @Column({ type: 'int', default: 0 }) position!: number;
}

@Entity()
@Index(['personId'])
export class WorkshopModerator {
  @PrimaryColumn({ type: 'uuid' }) workshopId!: string;
  @PrimaryColumn({ type: 'uuid' }) personId!: string;
  @Column({ type: 'int', default: 0 }) position!: number;
}

@Entity()
@Index(['personId'])
export class WorkshopSpeaker {
  @PrimaryColumn({ type: 'uuid' }) workshopId!: string;
  @PrimaryColumn({ type: 'uuid' }) personId!: string;
  @Column({ type: 'int', default: 0 }) position!: number;
}

@Entity()
@Index(['localAuthorityId'])
export class WorkshopLocalAuthority {
  @PrimaryColumn({ type: 'uuid' }) workshopId!: string;
  @PrimaryColumn({ type: 'uuid' }) localAuthorityId!: string;
  @Column({ type: 'int', default: 0 }) position!: number;
}
