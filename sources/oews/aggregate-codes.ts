/**
 * OEWS and BLS National Employment Matrix codes that are not SOC 2018 detailed occupations.
 *
 * Aggregates that are SOC 2018 broad groups (13-1020, 29-2010, 31-1120 …) need no entry: their
 * members come from the SOC structure file. The ones below combine detailed occupations across or
 * within broad groups in ways only the OEWS code list defines (BLS, "OEWS SOC code changes",
 * May 2019 onward; the same codes appear in the 2024-34 National Employment Matrix). Each entry
 * lists the SOC 2018 detailed codes it stands for, as its title enumerates them.
 *
 * The second group are the OEWS "hybrid" codes used from May 2019 (and in the 2019-29 National
 * Employment Matrix and California's 2020-30 projections) while SOC 2018 was phased in, plus
 * New York's 25-3098 Substitute Teachers, an OEWS code of the SOC 2010 era.
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
  {
    code: '11-9198',
    title:
      'Personal Service Managers, All Other; Entertainment and Recreation Managers, Except Gambling; and Managers, All Other',
    members: ['11-9072', '11-9179', '11-9199'],
  },
  {
    code: '13-1198',
    title: 'Project Management Specialists and Business Operations Specialists, All Other',
    members: ['13-1082', '13-1199'],
  },
  {
    code: '13-2098',
    title:
      'Financial and Investment Analysts, Financial Risk Specialists, and Financial Specialists, All Other',
    members: ['13-2051', '13-2054', '13-2099'],
  },
  {
    code: '15-1245',
    title: 'Database Administrators and Architects',
    members: ['15-1242', '15-1243'],
  },
  {
    code: '15-1256',
    title: 'Software Developers and Software Quality Assurance Analysts and Testers',
    members: ['15-1252', '15-1253'],
  },
  {
    code: '15-1257',
    title: 'Web Developers and Digital Interface Designers',
    members: ['15-1254', '15-1255'],
  },
  {
    code: '15-2098',
    title: 'Data Scientists and Mathematical Science Occupations, All Other',
    members: ['15-2051', '15-2099'],
  },
  {
    code: '17-3098',
    title:
      'Calibration Technologists and Technicians and Engineering Technologists and Technicians, Except Drafters, All Other',
    members: ['17-3028', '17-3029'],
  },
  {
    code: '19-3031',
    title: 'Clinical, Counseling, and School Psychologists',
    members: ['19-3033', '19-3034'],
  },
  {
    code: '19-4045',
    title: 'Geological and Hydrologic Technicians',
    members: ['19-4043', '19-4044'],
  },
  {
    code: '25-3097',
    title: 'Tutors and Teachers and Instructors, All Other',
    members: ['25-3041', '25-3099'],
  },
  {
    code: '27-4098',
    title: 'Lighting Technicians and Media and Communication Equipment Workers, All Other',
    members: ['27-4015', '27-4099'],
  },
  {
    code: '29-1228',
    title: 'Physicians, All Other; and Ophthalmologists, Except Pediatric',
    members: ['29-1229', '29-1241'],
  },
  {
    code: '29-1248',
    title: 'Surgeons, Except Ophthalmologists',
    members: ['29-1242', '29-1243', '29-1249'],
  },
  {
    code: '29-1298',
    title: 'Acupuncturists and Healthcare Diagnosing or Treating Practitioners, All Other',
    members: ['29-1291', '29-1299'],
  },
  {
    code: '29-2098',
    title:
      'Medical Dosimetrists, Medical Records Specialists, and Health Technologists and Technicians, All Other',
    members: ['29-2036', '29-2072', '29-2099'],
  },
  {
    code: '29-9098',
    title:
      'Health Information Technologists, Medical Registrars, Surgical Assistants, and Healthcare Practitioners and Technical Workers, All Other',
    members: ['29-9021', '29-9093', '29-9099'],
  },
  {
    code: '33-9098',
    title: 'School Bus Monitors and Protective Service Workers, All Other',
    members: ['33-9094', '33-9099'],
  },
  {
    code: '39-1098',
    title:
      'First-Line Supervisors of Personal Service and Entertainment and Recreation Workers, Except Gambling Services',
    members: ['39-1014', '39-1022'],
  },
  {
    code: '39-9098',
    title: 'Crematory Operators and Personal Care and Service Workers, All Other',
    members: ['39-4012', '39-9099'],
  },
  {
    code: '47-5097',
    title:
      'Earth Drillers, Except Oil and Gas; and Explosives Workers, Ordnance Handling Experts, and Blasters',
    members: ['47-5023', '47-5032'],
  },
  {
    code: '47-5098',
    title: 'Underground Mining Machine Operators and Extraction Workers, All Other',
    members: ['47-5049', '47-5099'],
  },
  {
    code: '53-3058',
    title: 'Passenger Vehicle Drivers, Except Bus Drivers, Transit and Intercity',
    members: ['53-3053', '53-3054'],
  },
  {
    code: '53-6098',
    title: 'Aircraft Service Attendants and Transportation Workers, All Other',
    members: ['53-6032', '53-6099'],
  },
  {
    code: '25-3098',
    title: 'Substitute Teachers (OEWS code of the SOC 2010 era; SOC 2018 25-3031)',
    members: ['25-3031'],
  },
];
