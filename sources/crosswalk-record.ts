/** One occupation-to-cluster assignment from a framework's crosswalk file. */
export interface CrosswalkRecord {
  source_row: number;
  /** 7-character SOC (or BLS National Employment Matrix) code. */
  soc_code: string;
  /** The code as the crosswalk writes it (O*NET-SOC codes keep their ".01" suffix here). */
  source_code: string;
  soc_title: string;
  cluster: string;
  /** Pathway (legacy framework) or sub-cluster (2024 framework). */
  sublevel: string;
  /** Order of preference among one code's clusters, lower first; used for `primary` allocation. */
  priority: number;
}
