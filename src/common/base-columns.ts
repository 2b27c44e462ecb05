import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Every editable record: a uuid, a version that each change increases by one, and its times. */
@ObjectType()
export abstract class Versioned {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => Int, { description: 'Increases by one on every change; updates must quote it.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;
}

