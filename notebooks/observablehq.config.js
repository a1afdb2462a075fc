// Observable Framework config for the clusterfit notebooks. Everything is served from this
// project: no CDN stylesheet (Framework's default loads a Google font), no npm: imports.
export default {
  root: 'src',
  output: process.env.CLUSTERFIT_NOTEBOOKS_OUT ?? 'dist',
  title: 'clusterfit notebooks',
  pages: [
    { name: 'Overview of the run', path: '/' },
    { name: 'Cluster drill-down', path: '/cluster' },
    { name: 'Occupation explorer', path: '/occupations' },
    { name: 'What-if weights', path: '/what-if' },
    { name: 'Framework bridge', path: '/bridge' },
    { name: 'Comparison of vintages and areas', path: '/compare' },
  ],
  globalStylesheets: [],
  // No favicon request: the site is self-contained and a 404 would be a console error.
  head: `<link rel="icon" href="data:,">`,
  style: 'style.css',
  search: false,
  footer: "clusterfit notebooks: the pipeline's own outputs, read by its own modules.",
  pager: false,
};
