// names the plugin by its short name, as ESLint configs do
module.exports = [{ plugins: ['security'] }];
