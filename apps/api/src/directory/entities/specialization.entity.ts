import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

/** A department. Names are unique case-insensitively (expression index in the migration). */
@Entity({ name: 'specializations' })
export class SpecializationEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;
}
