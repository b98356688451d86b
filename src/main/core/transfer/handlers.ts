/** The IPC handlers of import and export (transfer-service.ts does the work). */
import type { Handlers } from '../ipc/router';
import type { TransferService } from './transfer-service';

type TransferHandlers = Pick<Handlers, 'transfer.chooseFile' | 'transfer.previewImport' | 'transfer.runImport' | 'transfer.cancelImport' | 'transfer.export'>;

export function transferHandlers(transfer: TransferService): TransferHandlers {
  return {
    'transfer.chooseFile': ({ purpose }) => transfer.chooseFile(purpose),
    'transfer.previewImport': (request) => transfer.preview(request),
    'transfer.runImport': ({ importId }) => transfer.run(importId),
    'transfer.cancelImport': async ({ importId }) => (transfer.cancel(importId), {}),
    'transfer.export': (request) => transfer.export(request),
  };
}
