import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { JobDto } from '../jobs/dto/job.dto';
import { CreateTreatmentsExportDto } from './dto/export.dto';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /**
   * Queues a CSV export of appointments and treatments. Poll `GET /jobs/{id}`;
   * when completed, `result` holds `{ rows, downloadUrl }`. The requester is
   * then emailed a link to the web app's `/exports/{id}` page, where they sign
   * in to download it; the CSV itself is never attached. One queued or running
   * export per user (`409 export_in_progress`), at most `EXPORTS_PER_DAY` in 24
   * hours (`429 too_many_exports` with `Retry-After`).
   */
  @Post('treatments')
  @HttpCode(202)
  @Auth({ anyPermission: ['exports:create-own', 'exports:create-any'] })
  @ApiAcceptedResponse({ type: JobDto })
  @ApiProblems(400, 404, 409, 429)
  createTreatmentsExport(@Body() body: CreateTreatmentsExportDto, @CurrentUser() user: AuthUser): Promise<JobDto> {
    return this.exports.request(user, body.patientId);
  }

  /** The CSV of a completed export (its requester or an admin). Not ready or not yours: 404; expired: 410. */
  @Get(':jobId/download')
  @Auth()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file (UTF-8, RFC 4180)', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404)
  @ApiResponse({
    status: 410,
    description: 'The export expired and its file was removed',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
  })
  async downloadExport(@Param('jobId') jobId: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const file = await this.exports.download(user, jobId);
    return new StreamableFile(file.stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file.filename}"`,
      length: file.size,
    });
  }
}
