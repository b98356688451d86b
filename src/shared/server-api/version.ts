/** The sync API's version. A client refuses a server whose apiVersion it does not speak. */
export const SERVER_API_VERSION = 1;
