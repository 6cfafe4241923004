import type { ImportEntity } from './columns.ts';
import { customersImporter } from './customers-importer.ts';
import { employeesImporter } from './employees-importer.ts';
import { hoursImporter } from './hours-importer.ts';
import type { EntityImporter } from './importer.ts';
import { freeTextLinesImporter, materialLinesImporter } from './project-lines-importers.ts';
import { projectsImporter } from './projects-importer.ts';

/** The importer of each entity; import.ts looks them up here. */
export const IMPORTERS: Record<ImportEntity, EntityImporter<never>> = {
  customers: customersImporter as EntityImporter<never>,
  employees: employeesImporter as EntityImporter<never>,
  projects: projectsImporter as EntityImporter<never>,
  hours: hoursImporter as EntityImporter<never>,
  'material-lines': materialLinesImporter as EntityImporter<never>,
  'free-text-lines': freeTextLinesImporter as EntityImporter<never>,
};
