import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { ConsentEventView, ConsentStateView, ConsentView, PutConsentRequest } from '@spendguard/contracts';

export class PutConsentDto implements PutConsentRequest {
  @ApiProperty({ description: 'Grant (true) or revoke (false) consent to the nightly analysis' })
  @IsBoolean({ message: 'analysis must be true or false' })
  analysis!: boolean;
}

export class ConsentStateDto implements ConsentStateView {
  @ApiProperty() granted!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) grantedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class ConsentEventDto implements ConsentEventView {
  @ApiProperty({ enum: ['granted', 'revoked'] }) action!: 'granted' | 'revoked';
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ConsentDto implements ConsentView {
  @ApiProperty({ type: ConsentStateDto }) analysis!: ConsentStateDto;
  @ApiProperty({ type: [ConsentEventDto], description: 'Real changes, newest first' }) history!: ConsentEventDto[];
}
