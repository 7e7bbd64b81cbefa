import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  viewChild,
} from '@angular/core';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export const CHART_COLOURS = ['#0b5d6b', '#1e7a46', '#8a94a3', '#b42318', '#1f6f9f', '#8a5a00', '#6b3fa0', '#3d4b5c'];

export interface ChartSeries {
  label: string;
  data: number[];
}

/**
 * A Chart.js chart with a text alternative: the same figures as a visually hidden table.
 */
@Component({
  selector: 'hms-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="mb-0">
      <figcaption class="h6">{{ caption() }}</figcaption>
      <div class="chart-box">
        <canvas #canvas role="img" [attr.aria-label]="caption() + '. Figures in the table that follows.'"></canvas>
      </div>
      <table class="visually-hidden">
        <caption>
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            @for (s of series(); track s.label) {
              <th scope="col">{{ s.label }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (label of labels(); track $index; let i = $index) {
            <tr>
              <th scope="row">{{ label }}</th>
              @for (s of series(); track s.label) {
                <td>{{ s.data[i] }}</td>
              }
            </tr>
          }
        </tbody>
      </table>
    </figure>
  `,
})
export class ChartComponent {
  readonly type = input<'doughnut' | 'bar' | 'line'>('bar');
  readonly caption = input.required<string>();
  readonly labels = input.required<string[]>();
  readonly series = input.required<ChartSeries[]>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
    afterRenderEffect(() => {
      const type = this.type();
      const labels = this.labels();
      const series = this.series();
      this.chart?.destroy();
      const multiColour = type === 'doughnut';
      this.chart = new Chart(this.canvas().nativeElement, {
        type,
        data: {
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.data,
            backgroundColor: multiColour
              ? CHART_COLOURS.slice(0, s.data.length)
              : CHART_COLOURS[i % CHART_COLOURS.length],
            borderColor: multiColour ? '#fff' : CHART_COLOURS[i % CHART_COLOURS.length],
            tension: 0.25,
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: multiColour || series.length > 1, position: 'bottom' } },
          ...(type === 'doughnut' ? {} : { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }),
        },
      });
    });
  }
}
