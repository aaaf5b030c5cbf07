/**
 * {@code quire serve}: a store over Git's smart HTTP for Git clients and LiteChat's browser
 * (CORS, basic authentication), on Jetty 12 with JGit's GitServlet. API:
 * {@link dev.quire.serve.StoreServer}.
 */
package dev.quire.serve;
