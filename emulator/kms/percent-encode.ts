/**
 * RFC 3986 percent-encoding as Alibaba Cloud's signatures use it:
 * `encodeURIComponent` leaves `!'()*` alone, the signers encode them too.
 */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
