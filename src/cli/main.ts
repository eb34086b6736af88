#!/usr/bin/env node
console.log('xtapi cli placeholder', process.argv.slice(2));
