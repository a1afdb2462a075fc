/**
 * OEWS and BLS National Employment Matrix codes that are not SOC 2018 detailed occupations.
 *
 * Aggregates that are SOC 2018 broad groups (13-1020, 29-2010, 31-1120 …) need no entry: their
 * members come from the SOC structure file. The ones below combine detailed occupations across or
 * within broad groups in ways only the OEWS code list defines (BLS, "OEWS SOC code changes",
 * May 2019 onward; the same codes appear in the 2024-34 National Employment Matrix). Each entry
 * lists the SOC 2018 detailed codes it stands for.
 */
export interface AggregateCode {
  code: string;
  title: string;
  members: readonly string[];
}

export const OEWS_AGGREGATES: readonly AggregateCode[] = [
  {
    code: '21-1018',
    title: 'Substance Abuse, Behavioral Disorder, and Mental Health Counselors',
    members: ['21-1011', '21-1014'],
  },
  {
    code: '25-2052',
    title: 'Special Education Teachers, Kindergarten and Elementary School',
    members: ['25-2055', '25-2056'],
  },
  {
    code: '25-9045',
    title: 'Teaching Assistants, Except Postsecondary',
    members: ['25-9042', '25-9043', '25-9049'],
  },
  {
    code: '51-2028',
    title:
      'Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, and Finishers',
    members: ['51-2022', '51-2023'],
  },
  {
    code: '53-1047',
    title:
      'First-Line Supervisors of Transportation and Material Moving Workers, Except Aircraft Cargo Handling Supervisors',
    members: ['53-1042', '53-1043', '53-1044', '53-1049'],
  },
];
