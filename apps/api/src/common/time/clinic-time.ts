/** The clinic calendar functions the API uses; they live in libs/shared, shared with the web app. */
export {
  addDays,
  clinicDateOf,
  clinicDatesRange,
  clinicDayRange,
  clinicInstant,
  clinicMonthRange,
  clinicTimeOf,
  clinicToday,
  clinicWeekRange,
  daysBetween,
  isClinicDate,
  isMonth,
  isoWeekday,
  minutesOfDay,
  previousClinicMonth,
  startOfClinicDay,
} from '@hms/shared';
