import { useEffect, useState } from 'react';
import type { RepairPartnerList } from '../../../shared/schemas/repair';
import { ApiProblem } from '../api';
import type { AuthorizedApi } from '../sign-in/authorized';
import { isRepairPartnerList } from './answers';

/** A repair partner named by its id: its name where the console knows it, else the id. */
export type PartnerNameOf = (partnerId: string) => string;

/**
 * Names the brand's repair partners on a page that shows their jobs: reads the brand's partners
 * (`GET /v1/repair-partners`) once `wanted` is true, and until that answers, or where it was refused,
 * or for a partner the brand no longer has, a partner shows by its id.
 */
export function usePartnerNames(api: AuthorizedApi, wanted: boolean): PartnerNameOf {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    api
      .call<RepairPartnerList>('/v1/repair-partners', { isAnswer: isRepairPartnerList })
      .then((list) => {
        if (current) setNames(new Map(list.partners.map((partner) => [partner.partnerId, partner.name])));
      })
      .catch((error: unknown) => {
        // A page works without the names.
        if (!(error instanceof ApiProblem)) throw error;
      });
    return () => {
      current = false;
    };
  }, [api, wanted]);
  return (partnerId) => names.get(partnerId) ?? partnerId;
}
